/** Korea's 17 시·도 with some of their districts and rough population weights, for plausible demo clinics. */

export interface RegionData {
  region: string;
  /** Landline area code. */
  areaCode: string;
  /** Share of the population, in percent (rounded). */
  weight: number;
  districts: string[];
}

export const REGIONS: RegionData[] = [
  { region: '서울특별시', areaCode: '02', weight: 18, districts: ['종로구', '중구', '용산구', '성동구', '광진구', '동대문구', '중랑구', '성북구', '강북구', '도봉구', '노원구', '은평구', '서대문구', '마포구', '양천구', '강서구', '구로구', '금천구', '영등포구', '동작구', '관악구', '서초구', '강남구', '송파구', '강동구'] },
  { region: '부산광역시', areaCode: '051', weight: 6, districts: ['중구', '서구', '동구', '영도구', '부산진구', '동래구', '남구', '북구', '해운대구', '사하구', '금정구', '강서구', '연제구', '수영구', '사상구', '기장군'] },
  { region: '대구광역시', areaCode: '053', weight: 5, districts: ['중구', '동구', '서구', '남구', '북구', '수성구', '달서구', '달성군'] },
  { region: '인천광역시', areaCode: '032', weight: 6, districts: ['중구', '동구', '미추홀구', '연수구', '남동구', '부평구', '계양구', '서구', '강화군'] },
  { region: '광주광역시', areaCode: '062', weight: 3, districts: ['동구', '서구', '남구', '북구', '광산구'] },
  { region: '대전광역시', areaCode: '042', weight: 3, districts: ['동구', '중구', '서구', '유성구', '대덕구'] },
  { region: '울산광역시', areaCode: '052', weight: 2, districts: ['중구', '남구', '동구', '북구', '울주군'] },
  { region: '세종특별자치시', areaCode: '044', weight: 1, districts: ['세종시'] },
  { region: '경기도', areaCode: '031', weight: 26, districts: ['수원시', '성남시', '고양시', '용인시', '부천시', '안산시', '안양시', '남양주시', '화성시', '평택시', '의정부시', '시흥시', '파주시', '김포시', '광명시', '광주시', '군포시', '하남시', '오산시', '이천시'] },
  { region: '강원특별자치도', areaCode: '033', weight: 3, districts: ['춘천시', '원주시', '강릉시', '동해시', '속초시', '삼척시', '홍천군'] },
  { region: '충청북도', areaCode: '043', weight: 3, districts: ['청주시', '충주시', '제천시', '음성군', '진천군'] },
  { region: '충청남도', areaCode: '041', weight: 4, districts: ['천안시', '공주시', '보령시', '아산시', '서산시', '논산시', '당진시'] },
  { region: '전북특별자치도', areaCode: '063', weight: 3, districts: ['전주시', '군산시', '익산시', '정읍시', '남원시', '김제시'] },
  { region: '전라남도', areaCode: '061', weight: 3, districts: ['목포시', '여수시', '순천시', '나주시', '광양시', '무안군'] },
  { region: '경상북도', areaCode: '054', weight: 5, districts: ['포항시', '경주시', '김천시', '안동시', '구미시', '영주시', '경산시'] },
  { region: '경상남도', areaCode: '055', weight: 6, districts: ['창원시', '진주시', '통영시', '사천시', '김해시', '밀양시', '거제시', '양산시'] },
  { region: '제주특별자치도', areaCode: '064', weight: 1, districts: ['제주시', '서귀포시'] },
];

export const PREFIXES = ['연세', '서울', '밝은', '튼튼', '365', '우리', '하나', '새봄', '푸른', '참', '온누리', '바른', '삼성', '열린', '사랑', '미소'];
export const SPECIALTIES = ['내과의원', '가정의학과의원', '소아청소년과의원', '이비인후과의원', '연합의원', '내과', '의원'];
export const STREETS = ['중앙로', '시장로', '역전로', '문화로', '대학로', '공원로', '평화로', '희망로', '새마을로', '번영로'];
